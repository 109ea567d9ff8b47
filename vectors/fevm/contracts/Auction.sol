// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// An open auction with the withdrawal pattern: payable bids, refunds credited to outbid
/// bidders, withdrawals by call{value}, and closing by the deployer.
contract Auction {
    address public immutable seller;
    address public highestBidder;
    uint256 public highestBid;
    bool public closed;
    mapping(address => uint256) public pendingReturns;

    event Bid(address indexed bidder, uint256 amount);
    event Closed(address winner, uint256 amount);

    constructor() {
        seller = msg.sender;
    }

    function bid() external payable {
        require(!closed, "closed");
        require(msg.value > highestBid, "too low");
        if (highestBidder != address(0)) pendingReturns[highestBidder] += highestBid;
        highestBidder = msg.sender;
        highestBid = msg.value;
        emit Bid(msg.sender, msg.value);
    }

    function withdraw() external returns (uint256 amount) {
        amount = pendingReturns[msg.sender];
        if (amount > 0) {
            pendingReturns[msg.sender] = 0;
            (bool ok, ) = msg.sender.call{value: amount}("");
            if (!ok) pendingReturns[msg.sender] = amount;
        }
    }

    function close() external {
        require(msg.sender == seller, "not seller");
        require(!closed, "closed");
        closed = true;
        emit Closed(highestBidder, highestBid);
        (bool ok, ) = seller.call{value: highestBid}("");
        require(ok, "payout failed");
    }
}
