// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// Storage bytes and strings: short (in-slot) and long (keccak data area) encodings, push/pop.
contract StorageBytesString {
    bytes public data;
    string public text;
    bytes[] public chunks;

    function setData(bytes calldata d) external { data = d; }
    function setText(string calldata t) external { text = t; }
    function pushByte(bytes1 b) external returns (uint256) { data.push(b); return data.length; }
    function popByte() external returns (uint256) { data.pop(); return data.length; }
    function appendData(bytes calldata d) external { data = bytes.concat(data, d); }
    function appendText(string calldata t) external { text = string.concat(text, t); }
    function addChunk(bytes calldata d) external { chunks.push(d); }
    function dataLength() external view returns (uint256) { return data.length; }
    function byteAt(uint256 i) external view returns (bytes1) { return data[i]; }
    function clearAll() external { delete data; delete text; delete chunks; }
}
