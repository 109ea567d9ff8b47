// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// EXTCODESIZE, EXTCODEHASH and EXTCODECOPY of EOAs, contracts, precompiles, absent accounts
/// and this contract; code of a contract compared with CODECOPY of itself.
contract ExtCode {
    function size(address a) external view returns (uint256 s) {
        assembly { s := extcodesize(a) }
    }

    function hash(address a) external view returns (bytes32 h) {
        assembly { h := extcodehash(a) }
    }

    function copy(address a, uint16 off, uint16 len) external view returns (bytes memory out) {
        out = new bytes(len % 256);
        assembly { extcodecopy(a, add(out, 32), off, mload(out)) }
    }

    function selfConsistent() external view returns (bool sameCode, bool sameHash, uint256 s) {
        bytes memory mine = new bytes(address(this).code.length);
        assembly { codecopy(add(mine, 32), 0, mload(mine)) }
        s = mine.length;
        sameCode = keccak256(mine) == keccak256(address(this).code);
        sameHash = keccak256(mine) == address(this).codehash;
    }

    function isContract(address a) external view returns (bool) {
        return a.code.length > 0;
    }
}
