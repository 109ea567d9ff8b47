// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

contract BubbleLeaf {
    error Leaf(uint256 depth, bytes32 tag);

    function fail(uint256 depth, bytes32 tag) external pure {
        revert Leaf(depth, tag);
    }
}

/// Revert data bubbled up through several call frames, verbatim (assembly) and re-wrapped.
contract ErrorBubbling {
    BubbleLeaf public leaf;
    uint256 public marker;

    error Wrapped(bytes inner);

    constructor() {
        leaf = new BubbleLeaf();
    }

    function viaSelf(uint8 depth, bytes32 tag) external returns (uint256) {
        marker = depth;
        if (depth == 0) leaf.fail(0, tag);
        return this.viaSelf(depth - 1, tag);
    }

    function bubbleRaw(bytes32 tag) external {
        marker += 1;
        (bool ok, bytes memory ret) = address(leaf).call(abi.encodeCall(BubbleLeaf.fail, (7, tag)));
        if (!ok) {
            assembly { revert(add(ret, 32), mload(ret)) }
        }
    }

    function wrap(bytes32 tag) external {
        (bool ok, bytes memory ret) = address(leaf).call(abi.encodeCall(BubbleLeaf.fail, (9, tag)));
        if (!ok) revert Wrapped(ret);
    }

    function swallow(bytes32 tag) external returns (bool ok, uint256 len) {
        bytes memory ret;
        (ok, ret) = address(leaf).call(abi.encodeCall(BubbleLeaf.fail, (1, tag)));
        len = ret.length;
        marker = len;
    }
}
