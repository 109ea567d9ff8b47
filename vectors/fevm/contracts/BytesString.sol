// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// Byte and string manipulation in memory: concatenation, slicing, reversal, case mapping,
/// comparison, number formatting and hex encoding.
contract BytesString {
    string public last;

    function concat(string calldata a, string calldata b) external returns (string memory r) {
        r = string.concat(a, "-", b);
        last = r;
    }

    function slice(bytes calldata b, uint256 start, uint256 end) external pure returns (bytes memory) {
        return b[start:end];
    }

    function reverse(bytes calldata b) external pure returns (bytes memory r) {
        r = new bytes(b.length);
        for (uint256 i = 0; i < b.length; i++) r[i] = b[b.length - 1 - i];
    }

    function upper(string calldata s) external pure returns (string memory) {
        bytes memory b = bytes(s);
        for (uint256 i = 0; i < b.length; i++) {
            if (b[i] >= 0x61 && b[i] <= 0x7a) b[i] = bytes1(uint8(b[i]) - 32);
        }
        return string(b);
    }

    function equal(string calldata a, string calldata b) external pure returns (bool) {
        return keccak256(bytes(a)) == keccak256(bytes(b));
    }

    function toDecimal(uint256 v) external pure returns (string memory) {
        if (v == 0) return "0";
        uint256 digits;
        for (uint256 t = v; t != 0; t /= 10) digits++;
        bytes memory out = new bytes(digits);
        while (v != 0) {
            digits--;
            out[digits] = bytes1(uint8(48 + (v % 10)));
            v /= 10;
        }
        return string(out);
    }

    function toHex(bytes calldata b) external pure returns (string memory) {
        bytes16 sym = "0123456789abcdef";
        bytes memory out = new bytes(2 + b.length * 2);
        out[0] = "0";
        out[1] = "x";
        for (uint256 i = 0; i < b.length; i++) {
            out[2 + 2 * i] = sym[uint8(b[i]) >> 4];
            out[3 + 2 * i] = sym[uint8(b[i]) & 0x0f];
        }
        return string(out);
    }

    function utf8Length(string calldata s) external pure returns (uint256 n) {
        bytes memory b = bytes(s);
        for (uint256 i = 0; i < b.length; i++) if ((uint8(b[i]) & 0xc0) != 0x80) n++;
    }

    function firstWord(bytes calldata b) external pure returns (bytes32 w) {
        w = bytes32(b);
    }

    function indexOf(bytes calldata hay, bytes1 needle) external pure returns (int256) {
        for (uint256 i = 0; i < hay.length; i++) if (hay[i] == needle) return int256(i);
        return -1;
    }
}
