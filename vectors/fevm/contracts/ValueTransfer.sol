// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

contract Sink {
    uint256 public received;
    event Got(address from, uint256 amount);

    receive() external payable {
        emit Got(msg.sender, msg.value);
    }

    function record() external payable {
        received += msg.value;
    }
}

contract Rejecter {
    receive() external payable {
        revert("no thanks");
    }
}

/// A receive() that writes storage: more than the 2300-gas stipend of transfer/send on
/// Ethereum; the FEVM gives such calls a fixed 10M-gas allowance (FIP-0054, call.rs).
contract HeavySink {
    uint256 public count;

    receive() external payable {
        count += 1;
    }
}

/// Value moving out of a contract: transfer/send (stipend calls), call{value}, to EOAs, to
/// contracts with cheap receive(), to rejecting contracts, more than the balance.
/// @custom:fevm-deploy-value 1000000
contract ValueTransfer {
    Sink public sink;
    Rejecter public rejecter;
    HeavySink public heavy;

    event Sent(address to, uint256 amount, bool ok);

    constructor() payable {
        sink = new Sink();
        rejecter = new Rejecter();
        heavy = new HeavySink();
    }

    /// transfer() to a receive() that needs more than the stipend: reverts on Ethereum.
    function toHeavy(uint32 amount, bool useSend) external returns (bool ok) {
        if (useSend) {
            ok = payable(address(heavy)).send(amount);
        } else {
            payable(address(heavy)).transfer(amount);
            ok = true;
        }
    }

    function viaTransfer(address payable to, uint32 amount) external {
        to.transfer(amount);
    }

    function viaSend(address payable to, uint32 amount) external returns (bool ok) {
        ok = to.send(amount);
        emit Sent(to, amount, ok);
    }

    function viaCall(address to, uint32 amount) external returns (bool ok) {
        (ok, ) = to.call{value: amount}("");
        emit Sent(to, amount, ok);
    }

    function toSink(uint32 amount, uint8 how) external returns (bool ok) {
        if (how % 3 == 0) {
            payable(address(sink)).transfer(amount);
            ok = true;
        } else if (how % 3 == 1) {
            ok = payable(address(sink)).send(amount);
        } else {
            sink.record{value: amount}();
            ok = true;
        }
    }

    function toRejecter(uint32 amount, bool useCall) external returns (bool ok) {
        if (useCall) (ok, ) = address(rejecter).call{value: amount}("");
        else ok = payable(address(rejecter)).send(amount);
    }

    function tooMuch() external returns (bool ok) {
        (ok, ) = address(sink).call{value: address(this).balance + 1}("");
    }

    function balances(address other) external view returns (uint256, uint256, uint256, uint256) {
        return (address(this).balance, address(sink).balance, address(rejecter).balance, other.balance);
    }

    receive() external payable {}
}
