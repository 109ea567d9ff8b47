// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

contract Callee {
    uint256 public stored;
    address public lastSender;
    uint256 public lastValue;

    event Called(address indexed sender, uint256 value, bytes data);

    function setAndEcho(uint256 v) external payable returns (uint256, address, uint256) {
        stored = v;
        lastSender = msg.sender;
        lastValue = msg.value;
        emit Called(msg.sender, msg.value, msg.data);
        return (v, msg.sender, msg.value);
    }

    function view2(uint256 a) external view returns (uint256) {
        return a + stored;
    }

    function write() external {
        stored += 1;
    }
}

/// CALL, STATICCALL and DELEGATECALL between contracts: msg.sender/msg.value/storage context,
/// a write attempted under STATICCALL failing, low-level results and return data.
contract Calls {
    Callee public callee;
    uint256 public stored; // slot 0 of this contract is shared with Callee's `stored` under delegatecall
    address public lastSender;
    uint256 public lastValue;

    constructor() payable {
        callee = new Callee();
    }

    function callIt(uint256 v, uint64 val) external payable returns (bool ok, bytes memory ret) {
        (ok, ret) = address(callee).call{value: val}(abi.encodeCall(Callee.setAndEcho, (v)));
    }

    function staticIt(uint256 a) external view returns (bool ok, bytes memory ret) {
        (ok, ret) = address(callee).staticcall(abi.encodeCall(Callee.view2, (a)));
    }

    function staticWrite() external view returns (bool ok, uint256 len) {
        bytes memory ret;
        (ok, ret) = address(callee).staticcall(abi.encodeCall(Callee.write, ()));
        len = ret.length;
    }

    function delegateIt(uint256 v) external payable returns (bool ok, bytes memory ret) {
        (ok, ret) = address(callee).delegatecall(abi.encodeCall(Callee.setAndEcho, (v)));
    }

    function callAny(address target, bytes calldata data, uint64 val) external payable returns (bool ok, bytes memory ret) {
        (ok, ret) = target.call{value: val}(data);
    }

    function delegateAny(address target, bytes calldata data) external returns (bool ok, bytes memory ret) {
        (ok, ret) = target.delegatecall(data);
    }

    function staticAny(address target, bytes calldata data) external view returns (bool ok, bytes memory ret) {
        (ok, ret) = target.staticcall(data);
    }

    function balances() external view returns (uint256, uint256) {
        return (address(this).balance, address(callee).balance);
    }
}
