// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// Block and transaction context, one opcode per function so that the documented FEVM
/// differences (PREVRANDAO, BLOCKHASH, GAS) are excluded per function and nothing else.
contract BlockContext {
    uint256 public savedNumber;

    function number() external view returns (uint256) { return block.number; }
    function timestamp() external view returns (uint256) { return block.timestamp; }
    function chainid() external view returns (uint256) { return block.chainid; }
    function coinbase() external view returns (address) { return block.coinbase; }
    function basefee() external view returns (uint256) { return block.basefee; }
    function gaslimit() external view returns (uint256) { return block.gaslimit; }
    function gasprice() external view returns (uint256) { return tx.gasprice; }
    function prevrandao() external view returns (uint256) { return block.prevrandao; }
    function blockhashOf(uint256 back) external view returns (bytes32) { return blockhash(block.number - (back % 300)); }
    function gasleftPositive() external view returns (bool) { return gasleft() > 0; }
    function gasleftRaw() external view returns (uint256) { return gasleft(); }
    function save() external { savedNumber = block.number; }
    function futureBlockhash() external view returns (bytes32) { return blockhash(block.number + 1); }
}
