// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// Checked arithmetic: Panic(0x11) on overflow/underflow, Panic(0x12) on division by zero.
contract CheckedMath {
    function add(uint256 a, uint256 b) external pure returns (uint256) { return a + b; }
    function sub(uint256 a, uint256 b) external pure returns (uint256) { return a - b; }
    function mul(uint256 a, uint256 b) external pure returns (uint256) { return a * b; }
    function div(uint256 a, uint256 b) external pure returns (uint256) { return a / b; }
    function mod(uint256 a, uint256 b) external pure returns (uint256) { return a % b; }
    function pow(uint256 a, uint8 b) external pure returns (uint256) { return a ** b; }
    function add8(uint8 a, uint8 b) external pure returns (uint8) { return a + b; }
    function mul16(uint16 a, uint16 b) external pure returns (uint16) { return a * b; }
    function addI(int256 a, int256 b) external pure returns (int256) { return a + b; }
    function subI(int256 a, int256 b) external pure returns (int256) { return a - b; }
    function mulI(int256 a, int256 b) external pure returns (int256) { return a * b; }
    function divI(int256 a, int256 b) external pure returns (int256) { return a / b; }
    function neg(int256 a) external pure returns (int256) { return -a; }
    function narrow(uint256 a) external pure returns (uint32) { return uint32(a); }
    function toInt(uint256 a) external pure returns (int256) { return int256(a); }
}
