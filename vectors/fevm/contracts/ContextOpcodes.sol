// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

contract ContextProbe {
    function who() external payable returns (address sender, address origin, uint256 value, address self, uint256 selfBal) {
        return (msg.sender, tx.origin, msg.value, address(this), address(this).balance);
    }
}

/// ADDRESS, CALLER, ORIGIN, CALLVALUE, BALANCE, SELFBALANCE, CALLDATASIZE, CODESIZE, seen
/// directly and through a nested call (where CALLER becomes this contract but ORIGIN stays).
contract ContextOpcodes {
    ContextProbe public probe;

    constructor() {
        probe = new ContextProbe();
    }

    function direct() external payable returns (address, address, uint256, address, uint256, uint256) {
        uint256 sb;
        assembly { sb := selfbalance() }
        return (msg.sender, tx.origin, msg.value, address(this), address(this).balance, sb);
    }

    function nested(uint32 val) external payable returns (address, address, uint256, address, uint256) {
        return probe.who{value: val % (address(this).balance + 1)}();
    }

    function balanceOf(address a) external view returns (uint256) {
        return a.balance;
    }

    function sizes(bytes calldata extra) external pure returns (uint256 cds, uint256 cs, uint256 extraLen) {
        assembly {
            cds := calldatasize()
            cs := codesize()
        }
        extraLen = extra.length;
    }

    function originIsSender() external view returns (bool) {
        return tx.origin == msg.sender;
    }
}
