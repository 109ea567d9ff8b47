// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

contract EventsChild {
    event Child(uint256 indexed i, address sender);

    function ping(uint256 i) external {
        emit Child(i, msg.sender);
    }

    function pingFail(uint256 i) external {
        emit Child(i, msg.sender);
        revert("child reverted");
    }
}

/// Many events in one message, in order, from several emitters; events of a reverted
/// sub-call are dropped while the caller's survive.
contract EventsLoop {
    event Tick(uint256 indexed i, bytes32 h);
    EventsChild public child;

    constructor() {
        child = new EventsChild();
    }

    function ticks(uint8 n) external {
        for (uint256 i = 0; i < n % 50; i++) emit Tick(i, keccak256(abi.encode(i)));
    }

    function interleave(uint8 n) external {
        for (uint256 i = 0; i < n % 12; i++) {
            emit Tick(i, bytes32(0));
            child.ping(i);
        }
    }

    function partialFailure(uint8 n) external returns (uint256 ok) {
        for (uint256 i = 0; i < n % 10; i++) {
            emit Tick(i, bytes32(uint256(1)));
            if (i % 2 == 0) {
                try child.pingFail(i) {} catch { ok++; }
            } else {
                child.ping(i);
            }
        }
    }
}
