// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// Recursion to the limits: through CALL, one actor invocation per level, until a call fails
/// (the FVM's call-depth limit of 1024 frames, or the gas); and through internal calls until the
/// EVM's 1024-word operand stack overflows.
contract Depth {
    /// Calls itself one level deeper until `limit` or until a call fails; the deepest level reached.
    function dive(uint256 level, uint256 limit) external returns (uint256) {
        if (level >= limit) return level;
        (bool ok, bytes memory ret) = address(this).call(abi.encodeCall(this.dive, (level + 1, limit)));
        if (!ok) return level;
        return abi.decode(ret, (uint256));
    }

    /// Internal recursion `n` deep (a few stack words a level).
    function internalDepth(uint256 n) external pure returns (uint256) {
        return down(n);
    }

    /// The same in a sub-call, so that a stack overflow there is caught here.
    function internalDepthCaught(uint256 n) external returns (bool ok, uint256 depth) {
        bytes memory ret;
        (ok, ret) = address(this).call(abi.encodeCall(this.internalDepth, (n)));
        if (ok) depth = abi.decode(ret, (uint256));
    }

    function down(uint256 n) internal pure returns (uint256) {
        if (n == 0) return 0;
        return down(n - 1) + 1;
    }
}
