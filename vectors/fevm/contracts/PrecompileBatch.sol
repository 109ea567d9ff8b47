// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// Many STATICCALLs to one address in one message: the precompile test vectors run through it.
/// The result packs, per input, one byte (1 = success), the output length (4 bytes, big
/// endian) and the output.
contract PrecompileBatch {
    function batch(address target, bytes[] calldata inputs) external view returns (bytes memory out) {
        for (uint256 i = 0; i < inputs.length; i++) {
            (bool ok, bytes memory r) = target.staticcall(inputs[i]);
            out = bytes.concat(out, bytes1(ok ? 0x01 : 0x00), bytes4(uint32(r.length)), r);
        }
    }

    function one(address target, bytes calldata input) external view returns (bool ok, bytes memory r) {
        (ok, r) = target.staticcall(input);
    }
}
