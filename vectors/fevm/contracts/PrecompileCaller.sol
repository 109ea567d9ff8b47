// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// Raw CALL/STATICCALL to any address with any input: precompiles 0x01..0x11, 0x100, and
/// whatever the address generator picks. Returns success and the full return data.
contract PrecompileCaller {
    bytes32 public lastHash;

    function sc(address target, bytes calldata input) external view returns (bool ok, bytes memory out) {
        (ok, out) = target.staticcall(input);
    }

    function scIndex(uint8 index, bytes calldata input) external view returns (bool ok, bytes memory out) {
        (ok, out) = address(uint160(index % 20)).staticcall(input);
    }

    function callStore(uint8 index, bytes calldata input) external returns (bool ok, uint256 len) {
        bytes memory out;
        (ok, out) = address(uint160(index % 20)).call(input);
        len = out.length;
        lastHash = keccak256(out);
    }

    function identity(bytes calldata input) external view returns (bytes memory out) {
        bool ok;
        (ok, out) = address(4).staticcall(input);
        require(ok);
    }

    function identityAsm(uint256 len) external view returns (bytes32 h, uint256 rds) {
        len = len % 2048;
        assembly {
            for { let i := 0 } lt(i, len) { i := add(i, 32) } { mstore(add(0x100, i), keccak256(i, 32)) }
            let ok := staticcall(gas(), 4, 0x100, len, 0x100, len)
            rds := returndatasize()
            h := keccak256(0x100, len)
        }
    }
}
