// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// Several variables packed into one slot; writes to one field must keep the others.
contract PackedSlots {
    uint8 public a8;
    uint16 public b16;
    bool public flag;
    address public who;
    uint32 public c32;
    // next slot
    uint128 public lo;
    uint128 public hi;
    // next slot
    int8 public s8;
    bytes4 public sel;
    uint64 public stamp;

    function setA(uint8 v) external { a8 = v; }
    function setB(uint16 v) external { b16 = v; }
    function toggle() external { flag = !flag; }
    function setWho(address v) external { who = v; }
    function setC(uint32 v) external { c32 = v; }
    function setLoHi(uint128 l, uint128 h) external { lo = l; hi = h; }
    function incLo(uint128 d) external { lo += d; }
    function setS8(int8 v) external { s8 = v; }
    function setSel(bytes4 v) external { sel = v; }
    function setStamp(uint64 v) external { stamp = v; }

    function rawSlot(uint256 slot) external view returns (bytes32 v) {
        assembly { v := sload(slot) }
    }
}
