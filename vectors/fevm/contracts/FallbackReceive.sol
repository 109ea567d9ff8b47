// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// fallback() and receive(): plain value transfers, unknown selectors with and without value,
/// short calldata (fewer than 4 bytes), and fallback returning data.
contract FallbackReceive {
    uint256 public receivedCount;
    uint256 public fallbackCount;
    bytes public lastData;
    uint256 public total;

    event Receive(address from, uint256 value);
    event Fallback(address from, uint256 value, bytes data);

    receive() external payable {
        receivedCount++;
        total += msg.value;
        emit Receive(msg.sender, msg.value);
    }

    fallback(bytes calldata input) external payable returns (bytes memory) {
        fallbackCount++;
        total += msg.value;
        lastData = input;
        emit Fallback(msg.sender, msg.value, input);
        return abi.encode(input.length, keccak256(input));
    }

    function known(uint256 x) external pure returns (uint256) {
        return x + 1;
    }

    function notPayable() external pure returns (uint256) {
        return 7;
    }
}
