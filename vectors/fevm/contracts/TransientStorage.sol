// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.28;

/// TLOAD/TSTORE (FIP-0097, nv25+): values live for one message, are visible to re-entrant
/// calls, are rolled back with a reverted frame, and are zero again in the next message.
/// @custom:fevm-min-nv 25
contract TransientStorage {
    uint256 transient lock;
    uint256 transient counter;
    uint256 public persisted;

    function bump(uint8 times) external returns (uint256 t, uint256 p) {
        for (uint256 i = 0; i < times % 10; i++) counter += 1;
        persisted += counter;
        return (counter, persisted);
    }

    function readFresh() external view returns (uint256) {
        return counter;
    }

    function reenter(uint8 depth) external returns (uint256) {
        counter += 1;
        if (depth > 0) return this.reenter(depth - 1);
        return counter;
    }

    function guarded(bool recurse) external returns (bool innerOk) {
        require(lock == 0, "locked");
        lock = 1;
        if (recurse) {
            (innerOk, ) = address(this).call(abi.encodeCall(this.guarded, (false)));
        }
        lock = 0;
    }

    function revertedWrite(uint256 v) external returns (uint256 afterRevert) {
        assembly { tstore(7, 1) }
        try this.writeThenRevert(v) {} catch {}
        assembly { afterRevert := tload(7) }
    }

    function writeThenRevert(uint256 v) external {
        assembly { tstore(7, v) }
        revert("undo");
    }

    function rawSlot(uint256 slot, uint256 v) external returns (uint256 before, uint256 afterWrite) {
        assembly {
            before := tload(slot)
            tstore(slot, v)
            afterWrite := tload(slot)
        }
    }
}
