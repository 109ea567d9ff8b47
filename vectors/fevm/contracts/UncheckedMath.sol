// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// Wrapping arithmetic and the raw opcodes: ADDMOD, MULMOD, EXP, SIGNEXTEND, BYTE, SHL, SHR, SAR.
contract UncheckedMath {
    function wrap(uint256 a, uint256 b) external pure returns (uint256 s, uint256 d, uint256 p) {
        unchecked {
            s = a + b;
            d = a - b;
            p = a * b;
        }
    }

    function modOps(uint256 a, uint256 b, uint256 m) external pure returns (uint256 am, uint256 mm) {
        assembly {
            am := addmod(a, b, m)
            mm := mulmod(a, b, m)
        }
    }

    function exp(uint256 a, uint256 b) external pure returns (uint256 r) {
        assembly { r := exp(a, b) }
    }

    function bits(uint256 a, uint256 n) external pure returns (uint256 shl_, uint256 shr_, int256 sar_, uint256 byte_, uint256 sx) {
        assembly {
            shl_ := shl(n, a)
            shr_ := shr(n, a)
            sar_ := sar(n, a)
            byte_ := byte(n, a)
            sx := signextend(n, a)
        }
    }

    function divs(uint256 a, uint256 b) external pure returns (uint256 q, uint256 r, int256 sq, int256 sr) {
        assembly {
            q := div(a, b)
            r := mod(a, b)
            sq := sdiv(a, b)
            sr := smod(a, b)
        }
    }

    function cmp(uint256 a, uint256 b) external pure returns (bool lt_, bool gt_, bool slt_, bool sgt_, bool eq_, bool z) {
        assembly {
            lt_ := lt(a, b)
            gt_ := gt(a, b)
            slt_ := slt(a, b)
            sgt_ := sgt(a, b)
            eq_ := eq(a, b)
            z := iszero(a)
        }
    }

    function logic(uint256 a, uint256 b) external pure returns (uint256, uint256, uint256, uint256) {
        return (a & b, a | b, a ^ b, ~a);
    }
}
