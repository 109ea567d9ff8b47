// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// Dynamic and fixed storage arrays: push, pop (Panic 0x31 when empty), index (Panic 0x32), delete.
contract StorageArrays {
    uint256[] public items;
    uint16[] public small;
    uint256[4] public fixedItems;
    uint256[][] public nested;

    function push(uint256 v) external returns (uint256 len) {
        items.push(v);
        return items.length;
    }

    function pop() external returns (uint256 v) {
        v = items[items.length - 1];
        items.pop();
    }

    function popUnchecked() external {
        items.pop();
    }

    function set(uint256 idx, uint256 v) external {
        items[idx] = v;
    }

    function pushSmall(uint16 v, uint8 times) external {
        for (uint256 k = 0; k < times % 40; k++) small.push(v + uint16(k % 7));
    }

    function setFixed(uint8 idx, uint256 v) external {
        fixedItems[idx] = v;
    }

    function pushNested(uint8 outer, uint256 v) external {
        while (nested.length <= outer % 8) nested.push();
        nested[outer % 8].push(v);
    }

    function length() external view returns (uint256, uint256, uint256) {
        return (items.length, small.length, nested.length);
    }

    function sum() external view returns (uint256 s) {
        unchecked {
            for (uint256 k = 0; k < items.length; k++) s += items[k];
        }
    }

    function reset() external {
        delete items;
        delete small;
        delete fixedItems;
    }

    function all() external view returns (uint256[] memory) {
        return items;
    }
}
