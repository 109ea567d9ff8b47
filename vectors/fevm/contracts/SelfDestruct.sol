// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

contract Doomed {
    uint256 public x = 1;

    constructor() payable {}

    function destroy(address payable to) external {
        selfdestruct(to);
    }

    function ping() external pure returns (uint256) {
        return 42;
    }
}

/// SELFDESTRUCT with pre-Cancun semantics (FEVM keeps them): the balance moves to the
/// beneficiary at once, the code keeps running until the end of the message, and later
/// messages see no code.
/// @custom:fevm-deploy-value 100000
contract SelfDestruct {
    Doomed public d;

    event Observed(uint256 size, uint256 ping);

    constructor() payable {}

    function spawn(uint32 val) external returns (address) {
        d = new Doomed{value: val % (address(this).balance + 1)}();
        return address(d);
    }

    function destroyTo(address payable to) external returns (uint256 sizeAfter, uint256 balanceAfter) {
        d.destroy(to);
        address a = address(d);
        assembly { sizeAfter := extcodesize(a) }
        balanceAfter = a.balance;
    }

    function destroyAndCall(address payable to) external returns (uint256 pingAfter) {
        d.destroy(to);
        pingAfter = d.ping();
    }

    function observe() external returns (uint256 s, bool ok, uint256 len) {
        address a = address(d);
        assembly { s := extcodesize(a) }
        bytes memory r;
        (ok, r) = a.call(abi.encodeCall(Doomed.ping, ()));
        len = r.length;
        emit Observed(s, len);
    }

    function doomedBalance() external view returns (uint256) {
        return address(d).balance;
    }
}
