// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

interface IReceiver {
    function onERC721Received(address operator, address from, uint256 id, bytes calldata data) external returns (bytes4);
}

contract GoodReceiver is IReceiver {
    uint256 public count;

    function onERC721Received(address, address, uint256, bytes calldata) external returns (bytes4) {
        count++;
        return IReceiver.onERC721Received.selector;
    }
}

/// An ERC-721-like registry: mint, owner queries, approvals, operator approval, transfers and
/// safeTransfer calling onERC721Received on contract recipients (rejected when absent).
contract Nft {
    mapping(uint256 => address) public ownerOf;
    mapping(address => uint256) public balanceOf;
    mapping(uint256 => address) public getApproved;
    mapping(address => mapping(address => bool)) public isApprovedForAll;
    GoodReceiver public receiver;

    event Transfer(address indexed from, address indexed to, uint256 indexed id);
    event Approval(address indexed owner, address indexed approved, uint256 indexed id);
    event ApprovalForAll(address indexed owner, address indexed operator, bool approved);

    constructor() {
        receiver = new GoodReceiver();
    }

    function mint(uint8 id) external {
        require(ownerOf[id] == address(0), "exists");
        ownerOf[id] = msg.sender;
        balanceOf[msg.sender]++;
        emit Transfer(address(0), msg.sender, id);
    }

    function approve(address to, uint8 id) external {
        address o = ownerOf[id];
        require(msg.sender == o || isApprovedForAll[o][msg.sender], "not authorized");
        getApproved[id] = to;
        emit Approval(o, to, id);
    }

    function setApprovalForAll(address op, bool ok) external {
        isApprovedForAll[msg.sender][op] = ok;
        emit ApprovalForAll(msg.sender, op, ok);
    }

    function transferFrom(address from, address to, uint8 id) public {
        require(ownerOf[id] == from, "wrong from");
        require(to != address(0), "zero to");
        require(msg.sender == from || getApproved[id] == msg.sender || isApprovedForAll[from][msg.sender], "not authorized");
        balanceOf[from]--;
        balanceOf[to]++;
        ownerOf[id] = to;
        delete getApproved[id];
        emit Transfer(from, to, id);
    }

    function safeTransferFrom(address from, address to, uint8 id, bytes calldata data) external {
        transferFrom(from, to, id);
        if (to.code.length > 0) {
            require(IReceiver(to).onERC721Received(msg.sender, from, id, data) == IReceiver.onERC721Received.selector, "bad receiver");
        }
    }

    function sendToReceiver(uint8 id) external {
        transferFrom(msg.sender, address(receiver), id);
        require(receiver.onERC721Received(msg.sender, msg.sender, id, "") == IReceiver.onERC721Received.selector);
    }
}
