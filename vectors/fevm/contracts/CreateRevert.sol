// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

contract Picky {
    uint256 public x;

    constructor(uint256 v) payable {
        require(v % 4 != 0, "picky constructor");
        if (v % 4 == 1) {
            assembly { revert(0, 0) }
        }
        x = v;
    }
}

/// CREATE whose constructor reverts (address 0, nonce still consumed), revert data visible
/// through RETURNDATASIZE after a failed create, value returned on failure.
contract CreateRevert {
    address[] public made;
    uint256 public failures;
    bytes public lastRevert;

    constructor() payable {}

    function tryMake(uint256 v, uint96 val) external returns (address a, uint256 rds) {
        bytes memory init = abi.encodePacked(type(Picky).creationCode, abi.encode(v));
        assembly {
            a := create(val, add(init, 32), mload(init))
            rds := returndatasize()
        }
        if (a == address(0)) {
            failures++;
            bytes memory r = new bytes(rds);
            assembly { returndatacopy(add(r, 32), 0, rds) }
            lastRevert = r;
        } else {
            made.push(a);
        }
    }

    function makeThenCheckNonce(uint256 v) external returns (address first, address second) {
        bytes memory init = abi.encodePacked(type(Picky).creationCode, abi.encode(v));
        bytes memory ok = abi.encodePacked(type(Picky).creationCode, abi.encode(uint256(3)));
        assembly {
            first := create(0, add(init, 32), mload(init))
            second := create(0, add(ok, 32), mload(ok))
        }
    }

    function balance() external view returns (uint256) {
        return address(this).balance;
    }
}
