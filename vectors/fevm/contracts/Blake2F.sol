// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// blake2 compression F (0x09): the EIP-152 example with a chosen round count, and raw inputs.
contract Blake2F {
    function compress(uint32 rounds, bool finalBlock) external view returns (bool ok, bytes memory out) {
        bytes32[2] memory h;
        h[0] = hex"48c9bdf267e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5";
        h[1] = hex"d182e6ad7f520e511f6c3e2b8c68059b6bbd41fbabd9831f79217e1319cde05b";
        bytes32[4] memory m;
        m[0] = hex"6162630000000000000000000000000000000000000000000000000000000000";
        bytes8[2] memory t;
        t[0] = hex"0300000000000000";
        bytes memory input = abi.encodePacked(rounds % 64, h[0], h[1], m[0], m[1], m[2], m[3], t[0], t[1], finalBlock);
        (ok, out) = address(9).staticcall(input);
    }

    function raw(bytes calldata input) external view returns (bool, bytes memory) {
        return address(9).staticcall(input);
    }
}
