// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

contract Matryoshka {
    Matryoshka public inner;
    uint256 public level;
    address public parent;

    constructor(uint256 levels) {
        level = levels;
        parent = msg.sender;
        if (levels > 0) {
            // A contract cannot name its own creation code; copy the running init code
            // (creation code + the 32-byte argument) and replace the argument.
            address child;
            assembly {
                let n := codesize()
                let p := mload(0x40)
                codecopy(p, 0, n)
                mstore(add(p, sub(n, 32)), sub(levels, 1))
                child := create(0, p, n)
            }
            require(child != address(0), "inner create failed");
            inner = Matryoshka(child);
        }
    }

    function depth() external view returns (uint256) {
        if (address(inner) == address(0)) return 0;
        return 1 + inner.depth();
    }

    function parentLevel() external view returns (uint256) {
        if (parent.code.length == 0) return type(uint256).max;
        return Matryoshka(parent).level();
    }
}

/// Constructors that create contracts (copying their own init code with CODECOPY), call back into their creator (which has code only
/// after its constructor returned) and observe EXTCODESIZE during construction.
contract NestedCreate {
    Matryoshka public top;
    uint256 public codeSizeInCtor;

    constructor() {
        uint256 s;
        assembly { s := extcodesize(address()) }
        codeSizeInCtor = s;
    }

    function build(uint8 levels) external returns (uint256) {
        top = new Matryoshka(levels % 8);
        return top.depth();
    }

    function innerParentLevel() external view returns (uint256) {
        if (address(top.inner()) == address(0)) return 0;
        return top.inner().parentLevel();
    }
}
