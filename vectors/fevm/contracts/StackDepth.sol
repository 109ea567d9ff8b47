// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// Deep EVM operand stacks: raw recursion by JUMP that pushes one word per level until the
/// 1024-item stack limit (both EVMs fail), and wide expressions with many locals.
contract StackDepth {
    function pushMany(uint16 n) external pure returns (uint256 r) {
        uint256 m = n % 1100;
        assembly {
            function rec(k) -> out {
                switch k
                case 0 { out := 0 }
                default { out := add(rec(sub(k, 1)), 1) }
            }
            r := rec(m)
        }
    }

    function wide(uint256 a, uint256 b, uint256 c, uint256 d) external pure returns (uint256) {
        uint256 e = a ^ b;
        uint256 f = c ^ d;
        uint256 g = e + f;
        uint256 h = a * 3 + b * 5;
        uint256 i = c * 7 + d * 11;
        unchecked {
            return (e + f + g) * (h + i) + (a | d) - (b & c);
        }
    }
}
