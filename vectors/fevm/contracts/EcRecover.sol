// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// ecrecover (0x01) on arbitrary inputs (usually invalid: address(0)) and on a fixed valid
/// signature; also a raw staticcall that shows the empty return data of a failed recovery.
contract EcRecover {
    address public lastSigner;

    function recover(bytes32 h, uint8 v, bytes32 r, bytes32 s) external returns (address a) {
        a = ecrecover(h, v, r, s);
        lastSigner = a;
    }

    function raw(bytes calldata input) external view returns (bool ok, bytes memory out) {
        (ok, out) = address(1).staticcall(input);
    }

    function known() external pure returns (address) {
        // secp256k1 test vector: private key 1, message hash keccak256("fvm-spec").
        bytes32 h = keccak256("fvm-spec");
        return ecrecover(h, 27, bytes32(uint256(0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798)), bytes32(uint256(1)));
    }
}
