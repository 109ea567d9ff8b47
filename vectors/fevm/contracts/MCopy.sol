// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.25;

/// MCOPY (FIP-0094, nv24+): overlapping forward and backward copies, zero-length copies far
/// away (no expansion), and copies that expand memory.
/// @custom:fevm-min-nv 24
contract MCopy {
    function copy(bytes calldata data, uint16 dst, uint16 src, uint16 len) external pure returns (bytes memory out, uint256 msz) {
        uint256 d = dst % 256;
        uint256 s = src % 256;
        uint256 l = len % 256;
        out = new bytes(512);
        assembly {
            let base := add(out, 32)
            calldatacopy(base, data.offset, data.length)
            mcopy(add(base, d), add(base, s), l)
            msz := msize()
        }
    }

    function zeroLength(uint256 far) external pure returns (uint256 before, uint256 afterCopy) {
        assembly {
            before := msize()
            mcopy(far, far, 0)
            afterCopy := msize()
        }
    }

    function expand(uint16 to) external pure returns (uint256 msz, bytes32 w) {
        assembly {
            mstore(0x80, 0x1122334455667788990011223344556677889900112233445566778899001122)
            mcopy(add(0x100, to), 0x80, 32)
            msz := msize()
            w := mload(add(0x100, to))
        }
    }
}
