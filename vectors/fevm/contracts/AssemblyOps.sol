// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// Inline assembly over memory and code: MLOAD/MSTORE/MSTORE8 at unaligned offsets,
/// CALLDATALOAD/CALLDATACOPY past the end (zero padding), CODECOPY/CODESIZE, SLOAD/SSTORE
/// on computed slots, and the scratch space and free-memory pointer.
contract AssemblyOps {
    function unaligned(uint256 v, uint8 off) external pure returns (uint256 a, uint256 b, bytes32 c) {
        assembly {
            let base := 0x200
            mstore(add(base, off), v)
            a := mload(base)
            b := mload(add(base, 32))
            mstore8(add(base, 70), 0xab)
            c := mload(add(base, 64))
        }
    }

    function cdload(uint256 off) external pure returns (bytes32 w, uint256 size) {
        assembly {
            w := calldataload(off)
            size := calldatasize()
        }
    }

    function cdcopy(uint256 off, uint16 len) external pure returns (bytes memory out) {
        out = new bytes(len % 300);
        assembly { calldatacopy(add(out, 32), off, mload(out)) }
    }

    function codeSlice(uint16 off, uint16 len) external pure returns (bytes memory out, uint256 cs) {
        out = new bytes(len % 400);
        assembly {
            codecopy(add(out, 32), off, mload(out))
            cs := codesize()
        }
    }

    function storeAt(uint256 slot, uint256 v) external returns (uint256 old) {
        assembly {
            old := sload(slot)
            sstore(slot, v)
        }
    }

    function loadAt(uint256 slot) external view returns (uint256 v) {
        assembly { v := sload(slot) }
    }

    function freePointer(uint8 n) external pure returns (uint256 before, uint256 afterAlloc) {
        assembly { before := mload(0x40) }
        bytes memory x = new bytes(n);
        x;
        assembly { afterAlloc := mload(0x40) }
    }

    function swapDup(uint256 a, uint256 b, uint256 c) external pure returns (uint256 r) {
        assembly {
            r := add(mul(a, 3), xor(b, c))
            r := sub(r, and(a, c))
        }
    }
}
