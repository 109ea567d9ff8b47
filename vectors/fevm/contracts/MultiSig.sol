// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// A 2-of-N wallet whose owners are whoever calls join() first (up to 3): proposals with
/// value and calldata, confirmations, execution by low-level call, and failed executions.
/// @custom:fevm-deploy-value 500000
contract MultiSig {
    struct Tx {
        address to;
        uint256 value;
        bytes data;
        bool executed;
        uint8 confirmations;
    }

    address[] public owners;
    mapping(address => bool) public isOwner;
    Tx[] public txs;
    mapping(uint256 => mapping(address => bool)) public confirmed;

    event Submitted(uint256 indexed id, address indexed to, uint256 value);
    event Executed(uint256 indexed id, bool ok, bytes ret);

    constructor() payable {}

    receive() external payable {}

    function join() external {
        require(!isOwner[msg.sender], "already owner");
        require(owners.length < 3, "full");
        owners.push(msg.sender);
        isOwner[msg.sender] = true;
    }

    function submit(address to, uint32 value, bytes calldata data) external returns (uint256 id) {
        require(isOwner[msg.sender], "not owner");
        txs.push(Tx(to, value, data, false, 0));
        id = txs.length - 1;
        emit Submitted(id, to, value);
    }

    function confirm(uint256 id) external {
        require(isOwner[msg.sender], "not owner");
        require(id < txs.length, "no tx");
        require(!confirmed[id][msg.sender], "confirmed");
        confirmed[id][msg.sender] = true;
        txs[id].confirmations++;
    }

    function execute(uint256 id) external returns (bool ok) {
        Tx storage t = txs[id];
        require(!t.executed, "executed");
        require(t.confirmations >= 2, "not enough");
        t.executed = true;
        bytes memory ret;
        (ok, ret) = t.to.call{value: t.value}(t.data);
        if (!ok) t.executed = false;
        emit Executed(id, ok, ret);
    }

    function txCount() external view returns (uint256) {
        return txs.length;
    }
}
