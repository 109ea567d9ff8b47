// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// SELFDESTRUCT on the FEVM: the balance goes to the beneficiary, the actor is tombstoned (its
/// storage stays), and later calls run no code.
contract Mortal {
    uint256 public x = 7;

    constructor() payable {}

    receive() external payable {}

    function destroy(address payable to) external {
        selfdestruct(to);
    }

    function ping() external pure returns (uint256) {
        return 42;
    }
}

/// Drives a Mortal from another contract: self-destruct then call it in the same message, or
/// self-destruct under STATICCALL.
contract MortalDriver {
    function destroyThenPing(Mortal m, address payable to) external returns (uint256) {
        m.destroy(to);
        return m.ping();
    }

    function destroyStatic(Mortal m, address payable to) external view returns (bool ok) {
        (ok, ) = address(m).staticcall(abi.encodeCall(Mortal.destroy, (to)));
    }
}
