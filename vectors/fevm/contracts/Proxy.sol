// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

contract ImplV1 {
    // Storage layout shared with the proxy's logical storage (the proxy keeps its own
    // bookkeeping in EIP-1967 slots).
    uint256 public value;
    mapping(address => uint256) public deposits;

    function setValue(uint256 v) external { value = v; }
    function deposit() external payable { deposits[msg.sender] += msg.value; }
    function version() external pure returns (uint256) { return 1; }
}

contract ImplV2 {
    uint256 public value;
    mapping(address => uint256) public deposits;

    function setValue(uint256 v) external { value = v * 2; }
    function deposit() external payable { deposits[msg.sender] += msg.value * 2; }
    function version() external pure returns (uint256) { return 2; }
    function boom() external pure { revert("v2 boom"); }
}

/// @custom:fevm-extra-abi ImplV2
/// An EIP-1967-style proxy: fallback DELEGATECALLs to the implementation stored in a hashed
/// slot; upgrades switch the implementation; revert data and return data are forwarded.
contract Proxy {
    bytes32 internal constant IMPL_SLOT = bytes32(uint256(keccak256("eip1967.proxy.implementation")) - 1);
    bytes32 internal constant ADMIN_SLOT = bytes32(uint256(keccak256("eip1967.proxy.admin")) - 1);
    address public immutable v1;
    address public immutable v2;

    constructor() {
        v1 = address(new ImplV1());
        v2 = address(new ImplV2());
        bytes32 s = IMPL_SLOT;
        bytes32 a = ADMIN_SLOT;
        address impl = v1;
        address admin = msg.sender;
        assembly {
            sstore(s, impl)
            sstore(a, admin)
        }
    }

    function upgrade(bool toV2) external {
        bytes32 s = IMPL_SLOT;
        address impl = toV2 ? v2 : v1;
        assembly { sstore(s, impl) }
    }

    function implementation() external view returns (address impl) {
        bytes32 s = IMPL_SLOT;
        assembly { impl := sload(s) }
    }

    fallback() external payable {
        bytes32 s = IMPL_SLOT;
        assembly {
            let impl := sload(s)
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), impl, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            switch ok
            case 0 { revert(0, returndatasize()) }
            default { return(0, returndatasize()) }
        }
    }

    receive() external payable {}
}
