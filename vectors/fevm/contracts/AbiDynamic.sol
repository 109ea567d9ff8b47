// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// ABI encoding and decoding of dynamic types: bytes, string, arrays, nested arrays, tuples
/// with dynamic members, abi.decode of untrusted bytes (reverts on malformed input).
contract AbiDynamic {
    struct Pair {
        uint64 id;
        string name;
    }

    bytes public stored;

    function echoBytes(bytes calldata b) external pure returns (bytes memory) { return b; }
    function echoString(string calldata s) external pure returns (string memory) { return s; }
    function echoArray(uint256[] calldata a) external pure returns (uint256[] memory) { return a; }
    function echoStrings(string[] calldata a) external pure returns (string[] memory) { return a; }
    function echoNested(uint32[][] calldata a) external pure returns (uint32[][] memory) { return a; }
    function echoFixed(uint8[3] calldata a, bytes32 b) external pure returns (uint8[3] memory, bytes32) { return (a, b); }
    function echoPair(Pair calldata p) external pure returns (Pair memory) { return p; }
    function echoPairs(Pair[] calldata ps) external pure returns (uint256 n, Pair[] memory out) { return (ps.length, ps); }

    function mixed(uint256 a, bytes calldata b, bool c, string calldata d, address[] calldata e)
        external
        pure
        returns (bytes memory)
    {
        return abi.encode(a, b, c, d, e);
    }

    function decodePair(bytes calldata blob) external pure returns (uint64, string memory) {
        Pair memory p = abi.decode(blob, (Pair));
        return (p.id, p.name);
    }

    function decodeWords(bytes calldata blob) external pure returns (uint256, address, bool) {
        return abi.decode(blob, (uint256, address, bool));
    }

    function store(bytes calldata b, uint256 x) external {
        stored = abi.encodeWithSignature("f(uint256,bytes)", x, b);
    }

    function selectorOf(string calldata sig) external pure returns (bytes4) {
        return bytes4(keccak256(bytes(sig)));
    }

    function encodePacked(int16 a, bytes calldata b, string calldata c, uint24[] calldata d) external pure returns (bytes memory) {
        return abi.encodePacked(a, b, c, d);
    }
}
