// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// The smallest stateful contract: a counter per caller and a global one.
contract Counter {
    uint256 public count;
    mapping(address => uint256) public perCaller;

    event Incremented(address indexed by, uint256 newCount);

    function inc() external returns (uint256) {
        count += 1;
        perCaller[msg.sender] += 1;
        emit Incremented(msg.sender, count);
        return count;
    }

    function dec() external returns (uint256) {
        count -= 1; // Panic(0x11) below zero
        return count;
    }

    function incBy(uint8 n) external returns (uint256) {
        for (uint256 k = 0; k < n; k++) count += 1;
        return count;
    }
}
