// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// Immutables (patched into the runtime code at construction) and constants; the runtime code
/// read back with CODECOPY contains the immutable values.
contract Immutables {
    uint256 public immutable createdAt;
    address public immutable deployer;
    bytes32 public immutable salt;
    uint256 public constant LIMIT = 1e18;
    bytes32 public constant TAG = keccak256("immutables");

    constructor() {
        createdAt = block.number;
        deployer = msg.sender;
        salt = keccak256(abi.encode(msg.sender, block.timestamp));
    }

    function all() external view returns (uint256, address, bytes32, uint256, bytes32) {
        return (createdAt, deployer, salt, LIMIT, TAG);
    }

    function codeHasDeployer() external view returns (bool found) {
        bytes memory code = address(this).code;
        bytes20 d = bytes20(deployer);
        for (uint256 i = 0; i + 20 <= code.length; i++) {
            bool m = true;
            for (uint256 j = 0; j < 20; j++) {
                if (code[i + j] != d[j]) {
                    m = false;
                    break;
                }
            }
            if (m) return true;
        }
    }
}
