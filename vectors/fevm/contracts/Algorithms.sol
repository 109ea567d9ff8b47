// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// Gas-independent loops: sorting, searching, primes, gcd, a Merkle root over keccak, and a
/// tiny stack-machine interpreter driven by calldata.
contract Algorithms {
    bytes32 public lastRoot;

    function sort(uint256[] calldata xs) external pure returns (uint256[] memory a) {
        a = xs;
        uint256 n = a.length > 64 ? 64 : a.length;
        for (uint256 i = 1; i < n; i++) {
            uint256 key = a[i];
            uint256 j = i;
            while (j > 0 && a[j - 1] > key) {
                a[j] = a[j - 1];
                j--;
            }
            a[j] = key;
        }
    }

    function primesBelow(uint16 n) external pure returns (uint256 count, uint256 last) {
        uint256 m = n % 2000;
        bool[] memory composite = new bool[](m + 1);
        for (uint256 i = 2; i <= m; i++) {
            if (composite[i]) continue;
            count++;
            last = i;
            for (uint256 j = i * i; j <= m; j += i) composite[j] = true;
        }
    }

    function gcd(uint256 a, uint256 b) external pure returns (uint256) {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }

    function merkleRoot(bytes32[] calldata leaves) external returns (bytes32) {
        if (leaves.length == 0) return bytes32(0);
        bytes32[] memory level = leaves;
        uint256 n = level.length;
        while (n > 1) {
            for (uint256 i = 0; i < n / 2; i++) level[i] = keccak256(abi.encodePacked(level[2 * i], level[2 * i + 1]));
            if (n % 2 == 1) {
                level[n / 2] = level[n - 1];
                n = n / 2 + 1;
            } else {
                n = n / 2;
            }
        }
        lastRoot = level[0];
        return level[0];
    }

    function binarySearch(uint256[] calldata sorted, uint256 x) external pure returns (bool found, uint256 idx) {
        uint256 lo = 0;
        uint256 hi = sorted.length;
        while (lo < hi) {
            uint256 mid = (lo + hi) / 2;
            if (sorted[mid] < x) lo = mid + 1;
            else hi = mid;
        }
        return (lo < sorted.length && sorted[lo] == x, lo);
    }

    /// Opcodes: 0 push next byte, 1 add, 2 mul, 3 sub (wrapping), 4 dup, 5 swap, else skip.
    function interpret(bytes calldata program) external pure returns (uint256 top, uint256 depth) {
        uint256[32] memory st;
        uint256 sp;
        unchecked {
            for (uint256 pc = 0; pc < program.length && pc < 400; pc++) {
                uint8 op = uint8(program[pc]) % 8;
                if (op == 0 && pc + 1 < program.length && sp < 32) {
                    st[sp++] = uint8(program[++pc]);
                } else if (op == 1 && sp >= 2) {
                    st[sp - 2] = st[sp - 2] + st[sp - 1];
                    sp--;
                } else if (op == 2 && sp >= 2) {
                    st[sp - 2] = st[sp - 2] * st[sp - 1];
                    sp--;
                } else if (op == 3 && sp >= 2) {
                    st[sp - 2] = st[sp - 2] - st[sp - 1];
                    sp--;
                } else if (op == 4 && sp >= 1 && sp < 32) {
                    st[sp] = st[sp - 1];
                    sp++;
                } else if (op == 5 && sp >= 2) {
                    (st[sp - 1], st[sp - 2]) = (st[sp - 2], st[sp - 1]);
                }
            }
        }
        return (sp == 0 ? 0 : st[sp - 1], sp);
    }
}
