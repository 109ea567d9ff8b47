// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.31;

/// CLZ (EIP-7939, nv28+): count leading zero bits, 256 for zero.
/// @custom:fevm-min-nv 28
contract Clz {
    function clz(uint256 x) external pure returns (uint256 r) {
        assembly { r := clz(x) }
    }

    function log2Floor(uint256 x) external pure returns (uint256 r) {
        require(x != 0, "zero");
        assembly { r := sub(255, clz(x)) }
    }

    function clzShifted(uint256 x, uint8 s) external pure returns (uint256 a, uint256 b) {
        assembly {
            a := clz(shl(s, x))
            b := clz(shr(s, x))
        }
    }
}
