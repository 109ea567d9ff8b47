// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// Access control with modifiers: owner-only functions, two-step ownership transfer, roles
/// in a nested mapping, and a pausable switch.
contract Ownable {
    address public owner;
    address public pendingOwner;
    bool public paused;
    mapping(bytes32 => mapping(address => bool)) public hasRole;
    uint256 public value;

    error NotOwner(address caller);
    error Paused();

    event OwnershipTransferred(address indexed from, address indexed to);
    event RoleGranted(bytes32 indexed role, address indexed who);

    constructor() {
        owner = msg.sender;
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    modifier whenNotPaused() {
        if (paused) revert Paused();
        _;
    }

    function transferOwnership(address to) external onlyOwner {
        pendingOwner = to;
    }

    function acceptOwnership() external {
        require(msg.sender == pendingOwner, "not pending");
        emit OwnershipTransferred(owner, msg.sender);
        owner = msg.sender;
        pendingOwner = address(0);
    }

    function grant(bytes32 role, address who) external onlyOwner {
        hasRole[role][who] = true;
        emit RoleGranted(role, who);
    }

    function setPaused(bool p) external onlyOwner {
        paused = p;
    }

    function setValue(uint256 v) external whenNotPaused {
        require(hasRole[keccak256("WRITER")][msg.sender] || msg.sender == owner, "no role");
        value = v;
    }
}
