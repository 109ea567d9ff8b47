// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

contract Child {
    address public creator;
    uint256 public value;
    uint256 public born;

    constructor(uint256 v) payable {
        creator = msg.sender;
        value = v;
        born = msg.value;
    }

    function bump() external returns (uint256) {
        return ++value;
    }
}

/// CREATE: children at nonce-derived addresses (contract nonce starts at 1), with value,
/// calls into them, and the address prediction from RLP(creator, nonce).
contract Factory {
    Child[] public children;
    uint256 public nonce = 1;

    event Created(address indexed child, uint256 index);

    constructor() payable {}

    function make(uint256 v) external payable returns (address a) {
        Child c = new Child{value: msg.value}(v);
        children.push(c);
        nonce++;
        emit Created(address(c), children.length - 1);
        return address(c);
    }

    function makeMany(uint8 n) external returns (uint256) {
        for (uint256 i = 0; i < n % 6; i++) {
            children.push(new Child(i));
            nonce++;
        }
        return children.length;
    }

    function predict() public view returns (address) {
        // RLP([address(this), nonce]) for nonce < 0x80 or one-byte-prefixed otherwise.
        bytes memory rlp;
        if (nonce < 0x80) {
            rlp = abi.encodePacked(bytes1(0xd6), bytes1(0x94), address(this), uint8(nonce));
        } else if (nonce < 0x100) {
            rlp = abi.encodePacked(bytes1(0xd7), bytes1(0x94), address(this), bytes1(0x81), uint8(nonce));
        } else {
            rlp = abi.encodePacked(bytes1(0xd8), bytes1(0x94), address(this), bytes1(0x82), uint16(nonce));
        }
        return address(uint160(uint256(keccak256(rlp))));
    }

    function makeAndCheck() external returns (bool) {
        address expected = predict();
        Child c = new Child(0);
        nonce++;
        children.push(c);
        return expected == address(c);
    }

    function bumpChild(uint256 i) external returns (uint256) {
        return children[i].bump();
    }

    function count() external view returns (uint256) {
        return children.length;
    }
}
