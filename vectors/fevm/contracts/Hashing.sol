// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// KECCAK256 over memory of many lengths, sha256 (0x02) and ripemd160 (0x03), packed encodings.
contract Hashing {
    bytes32 public last;

    function k(bytes calldata d) external returns (bytes32 h) {
        h = keccak256(d);
        last = h;
    }

    function sha(bytes calldata d) external pure returns (bytes32) {
        return sha256(d);
    }

    function ripe(bytes calldata d) external pure returns (bytes20) {
        return ripemd160(d);
    }

    function packed(uint8 a, uint256 b, address c, string calldata s) external pure returns (bytes32, bytes32) {
        return (keccak256(abi.encodePacked(a, b, c, s)), keccak256(abi.encode(a, b, c, s)));
    }

    function chain(bytes32 seed, uint8 rounds) external pure returns (bytes32 h) {
        h = seed;
        for (uint256 i = 0; i < rounds; i++) h = keccak256(abi.encodePacked(h, i));
    }

    function asmKeccak(uint256 off, uint256 len) external pure returns (bytes32 h) {
        off = off % 4096;
        len = len % 4096;
        assembly { h := keccak256(off, len) }
    }
}
