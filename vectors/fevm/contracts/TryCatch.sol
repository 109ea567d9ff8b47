// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

contract Thrower {
    error Custom(uint256 v);

    uint256 public state;

    constructor(uint256 mode) {
        if (mode == 1) revert("ctor failed");
        if (mode == 2) revert Custom(mode);
    }

    function act(uint256 mode) external returns (uint256) {
        state = mode;
        if (mode == 1) revert("plain reason");
        if (mode == 2) revert Custom(mode);
        if (mode == 3) assert(false);
        if (mode == 4) { uint256 z = 0; return 1 / z; }
        if (mode == 5) revert();
        return mode * 2;
    }
}

/// try/catch over external calls and contract creation: Error(string), Panic(uint256), custom
/// errors (caught as bytes), empty revert data; state of the callee rolled back on failure.
contract TryCatch {
    Thrower public t;
    string public lastReason;
    uint256 public lastPanic;
    bytes public lastData;
    uint256 public okCount;

    event Caught(uint256 kind, uint256 mode);

    constructor() {
        t = new Thrower(0);
    }

    function call(uint8 mode) external returns (uint256 r) {
        try t.act(mode % 7) returns (uint256 v) {
            okCount++;
            r = v;
        } catch Error(string memory reason) {
            lastReason = reason;
            emit Caught(1, mode);
        } catch Panic(uint256 code) {
            lastPanic = code;
            emit Caught(2, mode);
        } catch (bytes memory data) {
            lastData = data;
            emit Caught(3, mode);
        }
    }

    function create(uint8 mode) external returns (address a) {
        try new Thrower(mode % 3) returns (Thrower x) {
            a = address(x);
        } catch Error(string memory reason) {
            lastReason = reason;
        } catch (bytes memory data) {
            lastData = data;
        }
    }

    function calleeState() external view returns (uint256) {
        return t.state();
    }
}
