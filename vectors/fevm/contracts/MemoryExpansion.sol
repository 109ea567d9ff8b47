// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// Memory growth: large allocations, MSTORE/MSTORE8/MLOAD at high offsets, MSIZE, and
/// copies into fresh memory. Sizes stay well below the FEVM memory cap.
contract MemoryExpansion {
    uint256 public lastSize;

    function alloc(uint16 kib) external returns (uint256 size, bytes32 h) {
        bytes memory b = new bytes(uint256(kib % 1024) * 1024);
        for (uint256 i = 0; i < b.length; i += 4096) b[i] = 0x5a;
        h = keccak256(b);
        assembly { size := msize() }
        lastSize = size;
    }

    function touch(uint24 offset) external pure returns (uint256 before, uint256 afterTouch, uint256 v) {
        assembly {
            before := msize()
            mstore8(offset, 0xff)
            afterTouch := msize()
            v := mload(offset)
        }
    }

    function msizeAfterLoad(uint24 offset) external pure returns (uint256 s) {
        assembly {
            let x := mload(offset)
            s := msize()
        }
    }

    function zeroLengthFar(uint256 offset) external pure returns (uint256 s, bytes32 h) {
        assembly {
            h := keccak256(offset, 0)
            s := msize()
        }
    }

    function matrix(uint8 n) external pure returns (uint256 trace) {
        uint256 m = n % 24;
        uint256[][] memory a = new uint256[][](m);
        for (uint256 i = 0; i < m; i++) {
            a[i] = new uint256[](m);
            for (uint256 j = 0; j < m; j++) a[i][j] = i * j + 1;
        }
        for (uint256 i = 0; i < m; i++) trace += a[i][i];
    }
}
