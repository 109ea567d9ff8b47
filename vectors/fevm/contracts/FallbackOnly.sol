// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// Like FallbackReceive but without receive(): empty calldata goes to a non-payable fallback.
contract FallbackOnly {
    uint256 public hits;

    fallback() external {
        hits++;
    }
}
