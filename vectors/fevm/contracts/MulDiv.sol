// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// Full-precision a*b/d with a 512-bit intermediate product (the classic mulDiv), sqrt and log2.
contract MulDiv {
    error DivisionOverflow(uint256 a, uint256 b, uint256 d);

    function mulDiv(uint256 a, uint256 b, uint256 d) public pure returns (uint256 result) {
        uint256 prod0;
        uint256 prod1;
        assembly {
            let mm := mulmod(a, b, not(0))
            prod0 := mul(a, b)
            prod1 := sub(sub(mm, prod0), lt(mm, prod0))
        }
        if (prod1 == 0) {
            require(d > 0, "zero divisor");
            return prod0 / d;
        }
        if (d <= prod1) revert DivisionOverflow(a, b, d);
        uint256 remainder;
        assembly {
            remainder := mulmod(a, b, d)
            prod1 := sub(prod1, gt(remainder, prod0))
            prod0 := sub(prod0, remainder)
        }
        uint256 twos = d & (~d + 1);
        assembly {
            d := div(d, twos)
            prod0 := div(prod0, twos)
            twos := add(div(sub(0, twos), twos), 1)
        }
        prod0 |= prod1 * twos;
        uint256 inv = (3 * d) ^ 2;
        unchecked {
            inv *= 2 - d * inv;
            inv *= 2 - d * inv;
            inv *= 2 - d * inv;
            inv *= 2 - d * inv;
            inv *= 2 - d * inv;
            inv *= 2 - d * inv;
            result = prod0 * inv;
        }
    }

    function sqrt(uint256 x) external pure returns (uint256 z) {
        if (x == 0) return 0;
        z = x;
        uint256 y = x / 2 + 1;
        while (y < z) {
            z = y;
            y = (x / y + y) / 2;
        }
    }

    function log2(uint256 x) external pure returns (uint256 r) {
        require(x > 0);
        while (x > 1) {
            x >>= 1;
            r++;
        }
    }
}
