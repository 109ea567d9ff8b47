// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// Self-calls that go deeper until a call fails, recording the deepest level reached. On
/// Ethereum the limit is the 1024 call depth; on Filecoin it is the FVM call depth (1024
/// including the top-level frame) or the message's gas — see docs/fevm-oracle.md.
contract DepthLimit {
    uint256 public deepest;

    function dive(uint256 level, uint256 limit) external returns (uint256) {
        if (level > deepest) deepest = level;
        if (level >= limit) return level;
        (bool ok, bytes memory ret) = address(this).call(abi.encodeCall(this.dive, (level + 1, limit)));
        if (!ok) return level;
        return abi.decode(ret, (uint256));
    }

    function start(uint16 limit) external returns (uint256) {
        deepest = 0;
        return this.dive(1, uint256(limit) % 120);
    }

    /// Up to the EVM's 1024 call-depth limit (each level is an actor invocation on the FEVM).
    function startDeep(uint16 limit) external returns (uint256) {
        deepest = 0;
        return this.dive(1, uint256(limit) % 1100);
    }

    function internalDepth(uint16 n) external pure returns (uint256) {
        return down(n % 300);
    }

    function down(uint256 n) internal pure returns (uint256) {
        if (n == 0) return 0;
        return down(n - 1) + 1;
    }
}
