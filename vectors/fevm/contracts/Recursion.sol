// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// Recursion through external self-calls (one actor invocation per level), internal recursion
/// (EVM stack and memory), and mutual recursion between two contracts.
contract Recursion {
    uint256 public maxSeen;
    Peer public peer;

    constructor() {
        peer = new Peer();
    }

    function external_(uint8 n) external returns (uint256) {
        if (n > maxSeen) maxSeen = n;
        if (n == 0) return 0;
        return 1 + this.external_(n - 1);
    }

    function fib(uint8 n) public pure returns (uint256) {
        n = n % 18;
        if (n < 2) return n;
        return fib(n - 1) + fib(n - 2);
    }

    function ackermann(uint8 m, uint8 n) public pure returns (uint256) {
        m = m % 3;
        n = n % 6;
        return ack(m, n);
    }

    function ack(uint256 m, uint256 n) internal pure returns (uint256) {
        if (m == 0) return n + 1;
        if (n == 0) return ack(m - 1, 1);
        return ack(m - 1, ack(m, n - 1));
    }

    function pingPong(uint8 n) external returns (uint256) {
        return peer.pong(this, n % 40);
    }

    function ping(uint256 n) external returns (uint256) {
        if (n == 0) return 0;
        return 1 + peer.pong(this, n - 1);
    }
}

contract Peer {
    uint256 public visits;

    function pong(Recursion r, uint256 n) external returns (uint256) {
        visits++;
        if (n == 0) return 100;
        return 1 + r.ping(n - 1);
    }
}
