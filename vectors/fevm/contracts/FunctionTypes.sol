// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// Internal function pointers (dynamic JUMPs), external function types (address+selector),
/// enums, and a zero-initialised function pointer (Panic 0x51).
contract FunctionTypes {
    enum Op { Add, Sub, Mul, Max }

    function(uint256, uint256) internal pure returns (uint256) internal stored;

    function add(uint256 a, uint256 b) internal pure returns (uint256) { return a + b; }
    function sub(uint256 a, uint256 b) internal pure returns (uint256) { return a > b ? a - b : b - a; }
    function mul(uint256 a, uint256 b) internal pure returns (uint256) { return a * b; }
    function max(uint256 a, uint256 b) internal pure returns (uint256) { return a > b ? a : b; }

    function pick(Op op) internal pure returns (function(uint256, uint256) internal pure returns (uint256)) {
        if (op == Op.Add) return add;
        if (op == Op.Sub) return sub;
        if (op == Op.Mul) return mul;
        return max;
    }

    function apply_(uint8 op, uint128 a, uint128 b) external pure returns (uint256) {
        return pick(Op(op % 4))(a, b);
    }

    function fold(uint8 op, uint64[] calldata xs) external pure returns (uint256 acc) {
        function(uint256, uint256) internal pure returns (uint256) f = pick(Op(op % 4));
        for (uint256 i = 0; i < xs.length; i++) acc = f(acc, xs[i]);
    }

    function setStored(uint8 op) external {
        stored = pick(Op(op % 4));
    }

    function callStored(uint64 a, uint64 b) external view returns (uint256) {
        return stored(a, b);
    }

    function external_() external view returns (address, bytes4) {
        function(uint8, uint128, uint128) external pure returns (uint256) f = this.apply_;
        return (f.address, f.selector);
    }

    function callExternal(uint8 op, uint64 a, uint64 b) external view returns (uint256) {
        function(uint8, uint128, uint128) external pure returns (uint256) f = this.apply_;
        return f(op, a, b);
    }
}
