// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// Structs in mappings and arrays, nested structs, memory <-> storage copies.
contract StorageStructs {
    struct Point {
        int64 x;
        int64 y;
    }

    struct Record {
        uint128 id;
        bool active;
        address owner;
        Point pos;
        string label;
        uint32[] tags;
    }

    mapping(uint256 => Record) internal records;
    Record[] internal list;

    function put(uint8 key, uint128 id, address owner, int64 x, int64 y, string calldata label) external {
        Record storage r = records[key];
        r.id = id;
        r.active = true;
        r.owner = owner;
        r.pos = Point(x, y);
        r.label = label;
    }

    function tag(uint8 key, uint32 t) external {
        records[key].tags.push(t);
    }

    function get(uint8 key) external view returns (Record memory) {
        return records[key];
    }

    function archive(uint8 key) external returns (uint256 idx) {
        list.push(records[key]);
        delete records[key];
        return list.length - 1;
    }

    function archived(uint256 idx) external view returns (Record memory) {
        return list[idx];
    }

    function move(uint8 key, int64 dx, int64 dy) external returns (Point memory) {
        Point storage p = records[key].pos;
        p.x += dx;
        p.y += dy;
        return p;
    }
}
