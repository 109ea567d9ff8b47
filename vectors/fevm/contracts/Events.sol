// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// LOG0..LOG4: indexed and non-indexed arguments, indexed dynamic types (hashed topics),
/// anonymous events (no signature topic), events with no data, raw assembly logs.
contract Events {
    event NoArgs();
    event One(uint256 indexed a);
    event Two(address indexed a, uint256 indexed b, string note);
    event Three(bytes32 indexed a, bool indexed b, int256 indexed c);
    event DynIndexed(string indexed s, bytes indexed b, uint256[] arr);
    event Anon0(uint256 x) anonymous;
    event Anon4(uint256 indexed a, uint256 indexed b, uint256 indexed c, uint256 indexed d) anonymous;
    event Data(bytes payload);

    function emitNoArgs() external { emit NoArgs(); }
    function emitOne(uint256 a) external { emit One(a); }
    function emitTwo(uint256 b, string calldata note) external { emit Two(msg.sender, b, note); }
    function emitThree(bytes32 a, bool b, int256 c) external { emit Three(a, b, c); }
    function emitDyn(string calldata s, bytes calldata b, uint256[] calldata arr) external { emit DynIndexed(s, b, arr); }
    function emitAnon0(uint256 x) external { emit Anon0(x); }
    function emitAnon4(uint256 a, uint256 b, uint256 c, uint256 d) external { emit Anon4(a, b, c, d); }
    function emitData(bytes calldata p) external { emit Data(p); }

    function rawLogs(bytes calldata d, bytes32 t1, bytes32 t2, bytes32 t3, bytes32 t4, uint8 n) external {
        assembly {
            let p := mload(0x40)
            calldatacopy(p, d.offset, d.length)
            switch mod(n, 5)
            case 0 { log0(p, d.length) }
            case 1 { log1(p, d.length, t1) }
            case 2 { log2(p, d.length, t1, t2) }
            case 3 { log3(p, d.length, t1, t2, t3) }
            default { log4(p, d.length, t1, t2, t3, t4) }
        }
    }

    function emptyLog0() external {
        assembly { log0(0, 0) }
    }

    function emitThenRevert(uint256 a) external {
        emit One(a);
        revert("after event");
    }
}
