// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// alt_bn128 add (0x06), scalar mul (0x07) and pairing (0x08) on points derived from the
/// generator, plus raw inputs (mostly invalid points).
contract Bn256 {
    uint256 constant P = 21888242871839275222246405745257275088696311157297697566309758620940908458583;

    function mulG(uint256 s) public view returns (bool ok, uint256 x, uint256 y) {
        bytes memory out;
        (ok, out) = address(7).staticcall(abi.encode(uint256(1), uint256(2), s));
        if (ok && out.length == 64) (x, y) = abi.decode(out, (uint256, uint256));
    }

    function addMul(uint256 s1, uint256 s2) external view returns (bool ok, uint256 x, uint256 y) {
        (, uint256 x1, uint256 y1) = mulG(s1);
        (, uint256 x2, uint256 y2) = mulG(s2);
        bytes memory out;
        (ok, out) = address(6).staticcall(abi.encode(x1, y1, x2, y2));
        if (ok && out.length == 64) (x, y) = abi.decode(out, (uint256, uint256));
    }

    function negY(uint256 y) public pure returns (uint256) {
        return y == 0 ? 0 : P - (y % P);
    }

    function rawAdd(bytes calldata input) external view returns (bool, bytes memory) { return address(6).staticcall(input); }
    function rawMul(bytes calldata input) external view returns (bool, bytes memory) { return address(7).staticcall(input); }
    function rawPairing(bytes calldata input) external view returns (bool, bytes memory) { return address(8).staticcall(input); }

    /// e(G1, G2) * e(-G1, G2) == 1: a pairing check that must succeed.
    function pairingIdentity() external view returns (bool ok, bytes memory out) {
        uint256 g2x1 = 11559732032986387107991004021392285783925812861821192530917403151452391805634;
        uint256 g2x0 = 10857046999023057135944570762232829481370756359578518086990519993285655852781;
        uint256 g2y1 = 4082367875863433681332203403145435568316851327593401208105741076214120093531;
        uint256 g2y0 = 8495653923123431417604973247489272438418190587263600148770280649306958101930;
        (ok, out) = address(8).staticcall(abi.encode(uint256(1), uint256(2), g2x1, g2x0, g2y1, g2y0, uint256(1), negY(2), g2x1, g2x0, g2y1, g2y0));
    }
}
