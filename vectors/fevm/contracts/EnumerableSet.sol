// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// An enumerable set of uints: mapping from value to 1-based index plus a values array.
contract EnumerableSet {
    uint256[] internal values;
    mapping(uint256 => uint256) internal indexOf;

    event Added(uint256 indexed v, uint256 size);
    event Removed(uint256 indexed v, uint256 size);

    function add(uint16 v) external returns (bool) {
        if (indexOf[v] != 0) return false;
        values.push(v);
        indexOf[v] = values.length;
        emit Added(v, values.length);
        return true;
    }

    function remove(uint16 v) external returns (bool) {
        uint256 idx = indexOf[v];
        if (idx == 0) return false;
        uint256 last = values[values.length - 1];
        values[idx - 1] = last;
        indexOf[last] = idx;
        values.pop();
        delete indexOf[v];
        emit Removed(v, values.length);
        return true;
    }

    function contains(uint16 v) external view returns (bool) { return indexOf[v] != 0; }
    function size() external view returns (uint256) { return values.length; }
    function list() external view returns (uint256[] memory) { return values; }
}
