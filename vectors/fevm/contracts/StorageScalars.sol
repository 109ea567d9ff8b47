// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// Scalars in their own slots: set, read back, clear (SSTORE to zero), and overwrite.
contract StorageScalars {
    uint256 public u;
    int256 public i;
    bool public b;
    address public a;
    bytes32 public h;

    function setAll(uint256 u_, int256 i_, bool b_, address a_, bytes32 h_) external {
        u = u_;
        i = i_;
        b = b_;
        a = a_;
        h = h_;
    }

    function setU(uint256 v) external returns (uint256 old) {
        old = u;
        u = v;
    }

    function addU(uint128 v) external returns (uint256) {
        u = uint256(uint128(u)) + v;
        return u;
    }

    function clear() external {
        delete u;
        delete i;
        delete b;
        delete a;
        delete h;
    }

    function getAll() external view returns (uint256, int256, bool, address, bytes32) {
        return (u, i, b, a, h);
    }
}
