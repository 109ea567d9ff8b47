// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// DELEGATECALL from a contract to anything: another contract (its code runs on this storage),
/// an account or an address with no actor (nothing runs: success, no data), a native actor
/// (always fails on the FEVM), a precompile.
contract DelegateProbe {
    uint256 public x;
    address public lastSender;

    constructor() payable {}

    function delegate(address target, bytes calldata data) external payable returns (bool ok, bytes memory ret) {
        (ok, ret) = target.delegatecall(data);
    }
}

/// Code to be delegate-called: writes slot 0 and 1 of whoever runs it.
contract StoreSetter {
    uint256 public x;
    address public lastSender;

    function set(uint256 v) external payable returns (address self, address sender, uint256 value) {
        x = v;
        lastSender = msg.sender;
        return (address(this), msg.sender, msg.value);
    }
}
