// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// modexp (0x05) with arbitrary base, exponent and modulus lengths, and a Fermat test built on it.
contract ModExp {
    function modexp(bytes calldata b, bytes calldata e, bytes calldata m) public view returns (bool ok, bytes memory out) {
        (ok, out) = address(5).staticcall(abi.encodePacked(b.length, e.length, m.length, b, e, m));
    }

    function modexpWord(uint256 b, uint256 e, uint256 m) external view returns (uint256 r) {
        (bool ok, bytes memory out) = address(5).staticcall(abi.encode(32, 32, 32, b, e, m));
        require(ok, "modexp failed");
        r = abi.decode(out, (uint256));
    }

    function fermat(uint64 n) external view returns (bool probablePrime) {
        if (n < 4) return n == 2 || n == 3;
        (bool ok, bytes memory out) = address(5).staticcall(abi.encode(32, 32, 32, uint256(2), uint256(n - 1), uint256(n)));
        require(ok);
        return abi.decode(out, (uint256)) == 1;
    }
}
