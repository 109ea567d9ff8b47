// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// Signed integers of several widths: min/-1, shifts of negatives, conversions.
contract SignedMath {
    function minDivNeg1(uint8 width) external pure returns (int256) {
        if (width % 3 == 0) { int8 m = type(int8).min; int8 n = -1; return m / n; }
        if (width % 3 == 1) { int64 m = type(int64).min; int64 n = -1; return m / n; }
        int256 x = type(int256).min; int256 y = -1; return x / y;
    }

    function shifts(int128 a, uint8 n) external pure returns (int128, int128) {
        return (a >> n, a << (n % 128));
    }

    function mods(int64 a, int64 b) external pure returns (int64, int64) {
        return (a % b, a / b);
    }

    function abs(int256 a) external pure returns (uint256) {
        return a >= 0 ? uint256(a) : uint256(-a);
    }

    function widen(int8 a, int16 b, int32 c) external pure returns (int256) {
        return int256(a) * int256(b) * int256(c);
    }

    function wrapNarrow(int256 a) external pure returns (int8, uint8, int16) {
        return (int8(a), uint8(uint256(a)), int16(a));
    }
}
