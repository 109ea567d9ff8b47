// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

library MathLib {
    function clamp(uint256 x, uint256 lo, uint256 hi) internal pure returns (uint256) {
        return x < lo ? lo : (x > hi ? hi : x);
    }

    function avg(uint256[] memory xs) internal pure returns (uint256 s) {
        if (xs.length == 0) return 0;
        for (uint256 i = 0; i < xs.length; i++) s += xs[i] / xs.length;
    }
}

/// A linked (external) library: its public functions run by DELEGATECALL in the caller's context.
library LinkedLib {
    struct Data {
        uint256 total;
        uint256 count;
    }

    event LibEvent(address indexed self, uint256 value);

    function add(Data storage d, uint256 v) public returns (uint256) {
        d.total += v;
        d.count += 1;
        emit LibEvent(address(this), v);
        return d.total;
    }

    function mean(Data storage d) public view returns (uint256) {
        require(d.count > 0, "empty");
        return d.total / d.count;
    }

    function pureHash(bytes memory b) public pure returns (bytes32) {
        return keccak256(b);
    }
}

/// Internal libraries (inlined, `using for`) and a linked external library called by
/// DELEGATECALL: storage written through the library lands in this contract.
contract Libraries {
    using MathLib for uint256;
    using LinkedLib for LinkedLib.Data;

    LinkedLib.Data internal data;

    function clamp(uint256 x, uint256 lo, uint256 hi) external pure returns (uint256) {
        return x.clamp(lo, hi);
    }

    function avg(uint256[] calldata xs) external pure returns (uint256) {
        return MathLib.avg(xs);
    }

    function add(uint128 v) external returns (uint256) {
        return data.add(v);
    }

    function mean() external view returns (uint256) {
        return data.mean();
    }

    function hash(bytes calldata b) external pure returns (bytes32) {
        return LinkedLib.pureHash(b);
    }

    function totals() external view returns (uint256, uint256) {
        return (data.total, data.count);
    }
}
